package dev.rampart.server.workspace;

import dev.rampart.server.security.Principal;
import java.util.Optional;

/**
 * Finds the caller's own workspace. The routes never take a workspace, user or participant id
 * from the request: the workspace follows from the credential alone, so there is no id to
 * guess or swap.
 */
@FunctionalInterface
public interface Workspaces {

    /** The workspace of {@code principal}, or empty when it has none (a facilitator, an interviewer). */
    Optional<Workspace> of(Principal principal);

    /** The single-user server: the learner's one workspace. */
    static Workspaces only(Workspace workspace) {
        return principal -> principal.role() == Principal.Role.LEARNER ? Optional.of(workspace) : Optional.empty();
    }
}
