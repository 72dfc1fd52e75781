package dev.rampart.kata.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A response body read as JSON with Jackson, so oracles look at fields and values instead of
 * searching raw text.
 */
public final class JsonBody {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonBody() {
    }

    /** The body as a JSON tree, or empty when it is not JSON. */
    public static Optional<JsonNode> of(HttpResponse<String> response) {
        return parse(response.body());
    }

    /** The text as a JSON tree, or empty when it is not JSON. */
    public static Optional<JsonNode> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.readTree(text));
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        }
    }

    /** A text field of a JSON object body, if the body is one and the field holds text. */
    public static Optional<String> text(HttpResponse<String> response, String field) {
        return of(response).map(json -> json.get(field)).filter(JsonNode::isTextual).map(JsonNode::asText);
    }

    /**
     * Every leaf of the tree by its JSON Pointer ({@code /error}, {@code /trace/0}), with field
     * names kept as leaves of their own ({@code /trace#name}) so that nothing the tree says is
     * left out.
     */
    public static Map<String, String> leaves(JsonNode json) {
        var leaves = new LinkedHashMap<String, String>();
        collect("", json, leaves);
        return leaves;
    }

    /** Every piece of text a human could read in the body: JSON leaves and field names, or the whole body. */
    public static List<String> texts(HttpResponse<String> response) {
        return of(response).map(json -> List.copyOf(leaves(json).values()))
                .orElseGet(() -> response.body() == null ? List.of() : List.of(response.body()));
    }

    private static void collect(String pointer, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            var fields = new ArrayList<Map.Entry<String, JsonNode>>();
            node.fields().forEachRemaining(fields::add);
            for (var field : fields) {
                var child = pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
                into.put(child + "#name", field.getKey());
                collect(child, field.getValue(), into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(pointer + "/" + i, node.get(i), into);
            }
        } else {
            into.put(pointer.isEmpty() ? "/" : pointer, node.asText());
        }
    }
}
