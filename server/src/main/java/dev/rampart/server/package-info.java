/**
 * The Rampart notebook server, by capability: {@code kernel} (child JVMs running JShell),
 * {@code notebook} (nbformat files in the workspace), {@code katarunner} (attack runs),
 * {@code security} (token, origin, confinement) and {@code http} (the Javalin app, which uses
 * the others; none of them imports {@code http} or {@code io.javalin}).
 */
package dev.rampart.server;
