package dev.rampart.kata.demokata;

public final class Greeter {
    public String greet(String name) {
        return "Hello, " + name;
    }
}
