package dev.rampart.server.http;

import io.javalin.Javalin;

/** The app, started: the port it listens on, and how to stop it. */
public final class Listening {

    private final Javalin app;

    Listening(Javalin app) {
        this.app = app;
    }

    public int port() {
        return app.port();
    }

    /** Stops listening and ends every open request and socket. */
    public void stop() {
        app.stop();
    }
}
