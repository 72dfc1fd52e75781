package dev.rampart.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON in and out of handlers: one strict mapper, bodies read within the request size limit. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** The request body as a JSON object; an empty body is an empty object. */
    public static ObjectNode body(Context ctx) {
        var bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            return object();
        }
        try {
            var node = MAPPER.readTree(bytes);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // Fall through to the one message below; the parser's text would only echo the input.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new Refusal(400, "The request body must be a JSON object");
    }

    public static void send(Context ctx, int status, JsonNode node) {
        ctx.status(status).contentType("application/json").result(node.toString());
    }

    public static void send(Context ctx, JsonNode node) {
        send(ctx, 200, node);
    }

    /** A string field, or the refusal that says it is missing. */
    public static String text(JsonNode node, String field) {
        var value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new Refusal(400, "The request body needs the string field \"" + field + "\"");
        }
        return value.textValue();
    }
}
