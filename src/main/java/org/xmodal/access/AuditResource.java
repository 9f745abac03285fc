package org.xmodal.access;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.xmodal.access.AccessApi.AuditResponse;
import org.xmodal.platform.Page;
import org.xmodal.platform.PageRequest;
import org.xmodal.platform.QueryParams;
import org.xmodal.platform.XmodalConfig;
import org.xmodal.platform.XmodalException;

/** The audit log: all of it for administrators, a project's part for its owners. Newest first. */
@Path("/api/audit")
public class AuditResource {
    private final AccessService access;
    private final XmodalConfig config;

    public AuditResource(AccessService access, XmodalConfig config) {
        this.access = access;
        this.config = config;
    }

    @GET
    @Rule(Level.SIGNED_IN)
    @Transactional
    public Page<AuditResponse> list(@QueryParam("project") String projectParam, @QueryParam("page") String page,
                                    @QueryParam("size") String size) {
        Long project = QueryParams.longNumber("project", projectParam);
        if (project == null && !access.caller().admin()) {
            throw XmodalException.invalidField("project", "name a project you own (only administrators read the whole log)");
        }
        if (project != null) {
            access.require(project, Level.OWN);
        }
        PageRequest request = PageRequest.parse(page, size, 50, config.api().maxPageSize());
        var query = project == null ? AuditEvent.find("order by id desc") : AuditEvent.find("projectId = ?1 order by id desc", project);
        long total = query.count();
        List<AuditResponse> items = query.page(request.page(), request.size()).<AuditEvent>list().stream().map(e -> new AuditResponse(
                e.id, e.at, e.actor, e.action, e.projectId == null ? null : Project.<Project>findById(e.projectId).name, e.target,
                e.status, e.address, e.via)).toList();
        return new Page<>(items, request.page(), request.size(), total);
    }
}
