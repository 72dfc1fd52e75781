package dev.rampart.server.http;

import dev.rampart.server.security.Principal;

/** The first page of each principal after signing in with the login form. */
final class Landing {

    private Landing() {
    }

    static String of(Principal principal) {
        return switch (principal.role()) {
            case FACILITATOR -> "/dojo/board.html";
            case INTERVIEWER -> "/interview/report.html";
            case LEARNER, PARTICIPANT, CANDIDATE -> "/";
        };
    }
}
