package dev.rampart.kata.hmacsignatures;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The endpoint the payment provider calls with events (a payment succeeded, a refund was made).
 * Every delivery carries a {@code Webhook-Signature} header made by {@link WebhookSignatures};
 * a delivery that passes is stored in the {@link Inbox} for the workers. {@link #app()} builds
 * the Javalin app without starting it, so the caller picks host and port.
 */
public final class PaymentWebhooks {

    /** The header that carries the timestamp and the signatures. */
    public static final String SIGNATURE_HEADER = "Webhook-Signature";

    private final WebhookSignatures signatures;
    private final Inbox inbox;
    private final ObjectMapper json = new ObjectMapper();

    public PaymentWebhooks(WebhookSignatures signatures, Inbox inbox) {
        this.signatures = signatures;
        this.inbox = inbox;
    }

    /** The configured app, not started. */
    public Javalin app() {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.post("/webhooks/payments", this::receive);
        });
    }

    private void receive(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (!signatures.verify(ctx.header(SIGNATURE_HEADER), body)) {
            throw new UnauthorizedResponse("Signature does not match");
        }
        try {
            var event = json.readTree(body);
            inbox.add(new Delivery(event.path("id").asText(), event.path("type").asText(), new String(body, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new BadRequestResponse("The body is not a JSON event");
        }
        ctx.status(HttpStatus.NO_CONTENT);
    }
}
