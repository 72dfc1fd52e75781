/**
 * One person's workspace as the routes ({@code http}) and the dojo see it: their notebooks, their
 * kata sources, their kernels ({@link dev.rampart.server.workspace.Kernels}) and attack runs
 * ({@link dev.rampart.server.workspace.AttackRuns}), and which kernel serves which notebook.
 *
 * <p>The two interfaces are the seams where running code plugs in: {@code ChildKernels} and
 * {@code KernelAttackRuns} adapt the real kernels ({@code dev.rampart.server.kernel},
 * {@code dev.rampart.server.katarunner}) to them, so neither of those packages imports this one;
 * the dojo decorates them (a queue, a record of each run); tests fake them. Nothing here knows HTTP.
 */
package dev.rampart.server.workspace;
