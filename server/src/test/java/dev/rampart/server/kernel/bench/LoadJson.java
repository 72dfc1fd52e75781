package dev.rampart.server.kernel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The JSON and HTTP helpers the load benchmark's parts share. */
final class LoadJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private LoadJson() {
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode().put("unparsable", text);
        }
    }

    static JsonNode json(HttpResponse<String> response, int expected) {
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.request().method() + " " + response.uri().getPath() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return parse(response.body());
    }

    static HttpRequest.BodyPublisher body(JsonNode json) {
        return HttpRequest.BodyPublishers.ofString(json.toString());
    }

    static String text(JsonNode source) {
        if (source.isArray()) {
            var joined = new StringBuilder();
            source.forEach(line -> joined.append(line.asText()));
            return joined.toString();
        }
        return source.asText();
    }
}
