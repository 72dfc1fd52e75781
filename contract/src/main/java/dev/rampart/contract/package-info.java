/**
 * The kata contract: what the katas module, the solutions' proof and the server agree on.
 *
 * <ul>
 *   <li>{@link dev.rampart.contract.Catalogue}: the table in {@code katas/README.md};</li>
 *   <li>{@link dev.rampart.contract.Kata}: a kata's id, and every path that follows from it by one rule;</li>
 *   <li>{@link dev.rampart.contract.Payloads}: attack payload files;</li>
 *   <li>{@link dev.rampart.contract.CaseResult}: how one case of a suite ended;</li>
 *   <li>{@link dev.rampart.contract.WrongFix}: a wrong fix's header.</li>
 * </ul>
 *
 * <p>Plain Java and a Markdown parser, no test framework: the server's main code uses it, and a
 * kernel's JVM loads it. What needs JUnit (running a suite, reading a case's result from the
 * launcher, the learner-facing annotations) stays in {@code dev.rampart.kata.support}.
 */
package dev.rampart.contract;
