package org.xmodal.access;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** After every state-changing operation, allowed or refused: one audit event naming its rule's action. */
public class AuditFilter {
    private final AccessService access;
    private final AuditLog audit;

    public AuditFilter(AccessService access, AuditLog audit) {
        this.access = access;
        this.audit = audit;
    }

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        Rule rule = method == null ? null : method.getAnnotation(Rule.class);
        if (rule == null || rule.audit().isEmpty()) {
            return;
        }
        Caller caller = access.caller();
        String target = caller.auditTarget() != null ? caller.auditTarget() : request.getUriInfo().getPath();
        audit.record(caller, rule.audit(), target, response.getStatus());
    }
}
