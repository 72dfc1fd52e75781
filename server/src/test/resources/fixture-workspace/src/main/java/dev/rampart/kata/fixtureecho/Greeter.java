package dev.rampart.kata.fixtureecho;

public final class Greeter {

    public String greet(String name) {
        return "<p>Hello, " + name + "</p>";
    }

    public static String version() {
        return "starter";
    }
}
