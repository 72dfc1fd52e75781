package dev.rampart.kata.demokata;

final class Names {
}
