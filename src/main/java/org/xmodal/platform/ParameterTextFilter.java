package org.xmodal.platform;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses control characters in path and query parameters of every endpoint, after decoding ({@code %00} is
 * a NUL like a raw one), before any resource sees them. Runs after matching, so path parameters have names.
 */
public final class ParameterTextFilter {

    // before the access filter: a parameter that cannot be valid is refused before it reaches a database lookup
    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHENTICATION - 100)
    public void screen(UriInfo uri) {
        List<FieldError> errors = new ArrayList<>();
        check(uri.getPathParameters(true), errors);
        check(uri.getQueryParameters(true), errors);
        if (!errors.isEmpty()) {
            FieldError first = errors.get(0);
            throw new XmodalException(ErrorCode.INVALID_ARGUMENT, first.field() + ": " + first.message(), errors);
        }
    }

    private static void check(MultivaluedMap<String, String> parameters, List<FieldError> errors) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            String nameProblem = Text.problem(name, false);
            if (nameProblem != null) {
                errors.add(new FieldError(name, "the parameter name " + nameProblem));
                continue;
            }
            for (String value : parameter.getValue()) {
                String problem = Text.problem(value, false);
                if (problem != null) {
                    errors.add(new FieldError(name, problem));
                    break;
                }
            }
        }
    }
}
