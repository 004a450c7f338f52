package dev.wharf.webapp.api;

import dev.wharf.controlplane.application.ImageService;
import dev.wharf.controlplane.application.ImageService.ImageLocation;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Images across all hosts, as their daemons last reported them. Readable by every role. */
@Path("/v1/images")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ImageResource {

    @Inject
    ImageService images;

    /** Every image id with the hosts that hold it: {@code [{"id":"sha256:...","hostIds":[...],"hostNames":[...]}]}. */
    @GET
    public List<ImageLocation> list() {
        return images.listAcrossHosts();
    }
}
