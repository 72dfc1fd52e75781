package dev.rampart.server.security;

/**
 * Who a credential belongs to. A single-user server has one {@link Role#LEARNER}; a dojo has
 * one {@link Role#FACILITATOR} and its participants; an interview has an interviewer and one
 * candidate. The id is not a secret (the board shows participant ids); the token is.
 *
 * @param role what the holder may do
 * @param id   which one of them ({@code learner}, {@code facilitator}, a participant's id, ...)
 */
public record Principal(Role role, String id) {

    /** The one learner of a single-user server. */
    public static final Principal LEARNER = new Principal(Role.LEARNER, "learner");

    /** What a principal may do; routes say which roles they admit. */
    public enum Role {
        /** The owner of a single-user server: one workspace. */
        LEARNER,
        /** Runs a dojo: the board, never a workspace. */
        FACILITATOR,
        /** One person in a dojo: their own workspace only. */
        PARTICIPANT,
        /** Reads an interview's report: never the candidate's workspace for writing. */
        INTERVIEWER,
        /** Sits an interview: one workspace, one browser. */
        CANDIDATE
    }

    public Principal {
        if (role == null || id == null || id.isBlank()) {
            throw new IllegalArgumentException("A principal needs a role and an id");
        }
    }
}
