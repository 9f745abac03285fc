package org.xmodal.platform;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;

/**
 * The JSON reader of request bodies: Quarkus's mapper plus a check of every string at any depth against
 * {@link Text}. Only request bodies: stored definitions are read with the plain mapper, so old rows stay readable.
 */
@Provider
public final class RequestJson implements ContextResolver<ObjectMapper> {
    private final ObjectMapper mapper;

    public RequestJson(ObjectMapper quarkus) {
        this.mapper = quarkus.copy().registerModule(new SimpleModule("xmodal-request-text")
                .addDeserializer(String.class, new CheckedString(false)));
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return mapper;
    }

    /** A refused string; Jackson adds the JSON path ({@code options.tags[1]}) on its way out. */
    public static final class InvalidText extends MismatchedInputException {
        InvalidText(JsonParser parser, String message) {
            super(parser, message, String.class);
        }
    }

    /** Reads a string as Jackson would, then refuses control characters; {@link MultiLine} properties allow line breaks. */
    static final class CheckedString extends StdScalarDeserializer<String> implements ContextualDeserializer {
        private final boolean multiLine;

        CheckedString(boolean multiLine) {
            super(String.class);
            this.multiLine = multiLine;
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = StringDeserializer.instance.deserialize(parser, context);
            String problem = Text.problem(text, multiLine);
            if (problem != null) {
                throw new InvalidText(parser, problem);
            }
            return text;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            boolean multi = property != null && property.getAnnotation(MultiLine.class) != null;
            return multi == multiLine ? this : new CheckedString(multi);
        }
    }
}
