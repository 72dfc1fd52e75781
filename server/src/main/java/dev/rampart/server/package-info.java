/**
 * The Rampart notebook server. This package holds {@code Main} and one launcher per mode
 * ({@code LearnerServer}, {@code DojoServer}, {@code InterviewServer}), which wire the others
 * by hand. The others, by capability, each importing only those below it:
 *
 * <ul>
 *   <li>{@code http}: the Javalin app, its routes, guard, JSON and error mapping; the only
 *       package that knows HTTP, Javalin or Jetty;</li>
 *   <li>{@code dojo}: a room of participants and its board, an interview and its report;</li>
 *   <li>{@code workspace}: one person's notebooks, kata sources, kernels and attack runs, as the
 *       routes and the dojo use them (the seams), and their adapters to real kernels;</li>
 *   <li>{@code katarunner}: attack runs outside a notebook, on a kernel kept per owner;</li>
 *   <li>{@code kernel}: the server's side of kernels (child JVMs running JShell): pool,
 *       processes, limits, class path; {@code kernel.child} is what runs inside a kernel's JVM
 *       (JShell, compiling a kata, running its suite), {@code kernel.protocol} the messages
 *       between the two;</li>
 *   <li>{@code notebook}: nbformat files, kata sources and pristine starters in the workspace;</li>
 *   <li>{@code security}: token, sessions, Host and Origin rules, confinement, the security log.</li>
 * </ul>
 *
 * {@code ArchitectureTest} checks the map on the bytecode.
 */
package dev.rampart.server;
