package dev.rampart.server.http;

import dev.rampart.server.security.SecurityHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors Jetty answers before the app sees the request (an ambiguous or malformed URI,
 * oversized headers): the same generic JSON and the same security headers as every other
 * response, instead of Jetty's HTML page.
 */
final class JettyErrors extends ErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(JettyErrors.class);

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        var id = UUID.randomUUID().toString();
        if (code >= 500) {
            LOG.error("correlationId={} the server failed before the app saw the request", id, cause);
        } else {
            LOG.info("correlationId={} refused a malformed request: {}", id, code);
        }
        SecurityHeaders.ALL.forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        // Jetty may drop the connection after a request it could not handle; saying so stops a
        // client from sending its next request down a socket that is about to close.
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        var body = ErrorResponses.body(ErrorResponses.phrase(code), id).toString();
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
