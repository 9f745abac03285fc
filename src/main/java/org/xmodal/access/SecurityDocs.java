package org.xmodal.access;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Writes each operation's {@link Rule} into the OpenAPI document: the security schemes (a bearer API token, the
 * browser's session cookie), each operation's requirement, and the role or scope it needs.
 */
public class SecurityDocs implements OASFilter {
    static final String BEARER = "apiToken";
    static final String COOKIE = "sessionCookie";
    /** Where the REST resources live: operation ids are {@code Class_method} (see application.properties). */
    private static final List<String> PACKAGES = List.of("attributes", "access", "experiment", "sweep", "result", "registry",
            "published");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSecurityScheme(BEARER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("bearer").description("An API token (xmd_…) from POST /api/tokens or `xmodal login`; scopes read, write, admin."));
        openAPI.getComponents().addSecurityScheme(COOKIE, OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.COOKIE).name(AccessFilter.SESSION_COOKIE)
                .description("The browser session from POST /api/session; changes also need the X-CSRF-Token header."));
        openAPI.getComponents().addSchema("Problem", problemSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.getOperations().entrySet()) {
                Rule rule = rule(entry.getValue().getOperationId());
                if (rule != null) {
                    document(entry.getValue(), rule);
                }
            }
        }
    }

    private static void document(Operation operation, Rule rule) {
        answers(operation, "400", "Invalid request: the problem names each rejected field");
        if (rule.value() != Level.PUBLIC) {
            answers(operation, "401", "Not signed in, or the API token is not valid");
            answers(operation, "403", "The caller's role or token scope does not allow this");
        }
        if (rule.target() != Target.NONE) {
            answers(operation, "404", "No such " + rule.target().name().toLowerCase(java.util.Locale.ROOT) + " that the caller may read");
        }
        operation.addExtension("x-xmodal-access", Map.of("level", rule.value().name().toLowerCase(java.util.Locale.ROOT),
                "target", rule.target().name().toLowerCase(java.util.Locale.ROOT)));
        if (rule.value() == Level.PUBLIC) {
            operation.setSecurity(List.of(OASFactory.createSecurityRequirement()));
            return;
        }
        SecurityRequirement token = OASFactory.createSecurityRequirement().addScheme(BEARER, rule.value().scope().wireName());
        SecurityRequirement cookie = OASFactory.createSecurityRequirement().addScheme(COOKIE);
        operation.setSecurity(List.of(token, cookie));
        String needs = rule.value().role() != null ? "the " + rule.value().role().wireName() + " role in the " + rule.target().name()
                .toLowerCase(java.util.Locale.ROOT) + "'s project" : rule.value() == Level.ADMIN ? "an administrator" : "a signed-in user";
        String note = "Access on a team server: " + needs + ", token scope '" + rule.value().scope().wireName() + "'.";
        operation.setDescription(operation.getDescription() == null ? note : operation.getDescription() + "\n\n" + note);
    }

    private static void answers(Operation operation, String status, String description) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        if (operation.getResponses().hasAPIResponse(status)) {
            return;
        }
        operation.getResponses().addAPIResponse(status, OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType("application/problem+json",
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref("#/components/schemas/Problem")))));
    }

    /** RFC 9457 problem details, as every error of the API is answered. */
    private static Schema problemSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).description("An error, as RFC 9457 problem details")
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("title", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("instance", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(OASFactory.createSchema()
                        .addType(Schema.SchemaType.OBJECT)
                        .addProperty("field", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                        .addProperty("message", OASFactory.createSchema().addType(Schema.SchemaType.STRING))));
    }

    /** The rule of the resource method named by an operation id {@code Class_method}. */
    static Rule rule(String operationId) {
        if (operationId == null || !operationId.contains("_")) {
            return null;
        }
        String type = operationId.substring(0, operationId.indexOf('_'));
        String name = operationId.substring(operationId.indexOf('_') + 1);
        for (String pkg : PACKAGES) {
            try {
                Class<?> resource = Class.forName("org.xmodal." + pkg + "." + type, false, SecurityDocs.class.getClassLoader());
                for (Method m : resource.getDeclaredMethods()) {
                    if (m.getName().equals(name) && m.isAnnotationPresent(Rule.class)) {
                        return m.getAnnotation(Rule.class);
                    }
                }
            } catch (ClassNotFoundException e) {
                // try the next room
            }
        }
        return null;
    }
}
