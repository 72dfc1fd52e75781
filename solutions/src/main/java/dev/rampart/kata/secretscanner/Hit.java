package dev.rampart.kata.secretscanner;

/** One secret a rule found in a text: where it starts, which rule, and the secret itself (never reported). */
record Hit(int line, String rule, String secret) {
}
