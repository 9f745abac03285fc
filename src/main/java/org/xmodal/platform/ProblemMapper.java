package org.xmodal.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become HTTP answers: every error leaves as {@code application/problem+json}
 * with a readable detail and, for bad requests, the individual field errors. No class names or stack traces.
 */
public final class ProblemMapper {
    /** Seconds a client is asked to wait before retrying while the database is unavailable. */
    static final int DATABASE_RETRY_AFTER = 5;
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private final DatabaseWatch database;

    public ProblemMapper(DatabaseWatch database) {
        this.database = database;
    }

    @ServerExceptionMapper
    public Response xmodal(XmodalException e, UriInfo uri) {
        Optional<DatabaseFailure> unavailable = e.code().httpStatus() >= 500 ? DatabaseFailure.in(e) : Optional.empty();
        if (unavailable.isPresent()) {
            return databaseUnavailable(unavailable.get(), uri);
        }
        if (e.code().httpStatus() >= 500) {
            LOG.errorf(e, "%s failed", uri.getPath());
        }
        return answer(Problem.of(e.code(), e.getMessage(), uri.getPath(), e.fieldErrors()));
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return answer(Problem.of(ErrorCode.INVALID_ARGUMENT, detail, uri.getPath(), errors));
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e, UriInfo uri) {
        XmodalException carried = carried(e);
        if (carried != null) {
            return xmodal(carried, uri);
        }
        List<FieldError> errors = List.of();
        String detail = "the request body is not valid JSON: " + e.getOriginalMessage();
        boolean truncated = String.valueOf(e.getOriginalMessage()).contains("end-of-input");
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty() && !truncated) {
            String field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String message = e instanceof RequestJson.InvalidText ? e.getOriginalMessage()
                    : e instanceof UnrecognizedPropertyException ? "unknown field"
                    : e instanceof InvalidFormatException f ? "cannot read '" + f.getValue() + "' as " + f.getTargetType().getSimpleName()
                    : "has the wrong type or shape";
            errors = List.of(new FieldError(field, message));
            detail = field + ": " + message;
        } else if (e.getLocation() != null) {
            detail += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        return answer(Problem.of(ErrorCode.MALFORMED_REQUEST, detail, uri.getPath(), errors));
    }

    /** Jackson's own mapper for these would answer plain JSON; this one keeps the problem format. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return malformed(e, uri);
    }

    /** What JAX-RS raises itself: no matching route or method, no acceptable or readable media type. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        XmodalException carried = carried(e);
        if (carried != null) {
            return xmodal(carried, uri);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformed(json, uri);
        }
        int status = e.getResponse().getStatus();
        String detail = switch (status) {
            case 404 -> "no such resource: " + uri.getPath();
            case 405 -> "method not allowed on " + uri.getPath();
            case 406 -> "this resource cannot answer in the media types the request accepts";
            case 415 -> "this resource reads application/json";
            default -> Response.Status.Family.familyOf(status) == Response.Status.Family.SERVER_ERROR
                    ? "an unexpected error occurred" : "the request cannot be served";
        };
        return answer(Problem.ofStatus(status, detail, uri.getPath()));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        XmodalException carried = carried(e);
        if (carried != null) {
            return xmodal(carried, uri);
        }
        Optional<DatabaseFailure> unavailable = DatabaseFailure.in(e);
        if (unavailable.isPresent()) {
            return databaseUnavailable(unavailable.get(), uri);
        }
        LOG.errorf(e, "%s failed unexpectedly", uri.getPath());
        return answer(Problem.of(ErrorCode.INTERNAL, "an unexpected error occurred; the server log has the details",
                uri.getPath(), List.of()));
    }

    /**
     * The database is down, restarting, out of connections or read-only: waiting heals that, so the client is told
     * 503 and when to retry, and the log gets one line rather than a stack trace per request.
     */
    private Response databaseUnavailable(DatabaseFailure failure, UriInfo uri) {
        database.failureSeen(failure);
        LOG.warnf("%s answered 503: %s [%s]", uri.getPath(), failure.detail(), Text.quoted(String.valueOf(failure.cause().getMessage()), 300));
        return builder(Problem.of(ErrorCode.UNAVAILABLE, failure.detail(), uri.getPath(), List.of()))
                .header("Retry-After", DATABASE_RETRY_AFTER).build();
    }

    private static Response answer(Problem problem) {
        return builder(problem).build();
    }

    /** A refused body may be only partly read: closing the connection keeps its rest from being read as a request. */
    private static Response.ResponseBuilder builder(Problem problem) {
        Response.ResponseBuilder answer = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        return problem.status() == 413 ? answer.header("Connection", "close") : answer;
    }

    /** An xmodal error raised inside Jackson or JAX-RS (the body limit, while a body is read) arrives wrapped. */
    private static XmodalException carried(Throwable e) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof XmodalException x) {
                return x;
            }
        }
        return null;
    }

    /** {@code create.request.options.batchSize} → {@code options.batchSize}: drop the method and parameter names. */
    private static String field(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : parts[parts.length - 1];
    }
}
