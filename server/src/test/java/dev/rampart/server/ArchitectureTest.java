package dev.rampart.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The server's package map, checked on the bytecode (so a fully qualified name or a lambda's
 * type counts as much as an import):
 *
 * <pre>
 * dev.rampart.server       Main and one launcher per mode: wires everything
 *   http                   Javalin: routes, guard, JSON, error mapping
 *   dojo                   the room, its board, the interview and its report
 *   workspace              one person's notebooks, kata sources, kernels and attack runs: the seams
 *   katarunner             attack runs outside a notebook, on a kernel kept per owner
 *   kernel                 the server's side of kernels: pool, processes, limits, class path
 *   kernel.child           what runs inside a kernel's JVM: JShell, compiling a kata, running its suite
 *   kernel.protocol        the messages between the two sides
 *   notebook               nbformat files, kata sources, pristine starters
 *   security               tokens, sessions, Host and Origin rules, confinement, the security log
 * </pre>
 *
 * Imports run down that list and never back up, there is no cycle between packages, and only
 * {@code http} knows Javalin and Jetty, so every other package is testable without a server
 * and usable behind another front door.
 */
@AnalyzeClasses(packages = "dev.rampart.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String SERVER = "dev.rampart.server";

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching(SERVER + ".(**)")
            .as("the server's packages")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule onlyHttpKnowsJavalinAndJetty = noClasses()
            .that().resideOutsideOfPackage(SERVER + ".http..")
            .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..")
            .because("HTTP is one front door among possible others: the rest must not need it");

    @ArchTest
    static final ArchRule importsRunOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("launch").definedBy(SERVER)
            .layer("http").definedBy(SERVER + ".http..")
            .layer("dojo").definedBy(SERVER + ".dojo..")
            .layer("workspace").definedBy(SERVER + ".workspace..")
            .layer("katarunner").definedBy(SERVER + ".katarunner..")
            .layer("kernel").definedBy(SERVER + ".kernel")
            .layer("kernel.child").definedBy(SERVER + ".kernel.child..")
            .layer("kernel.protocol").definedBy(SERVER + ".kernel.protocol..")
            .layer("notebook").definedBy(SERVER + ".notebook..")
            .layer("security").definedBy(SERVER + ".security..")
            .whereLayer("launch").mayNotBeAccessedByAnyLayer()
            .whereLayer("http").mayOnlyBeAccessedByLayers("launch")
            .whereLayer("dojo").mayOnlyBeAccessedByLayers("launch", "http")
            .whereLayer("workspace").mayOnlyBeAccessedByLayers("launch", "http", "dojo")
            .whereLayer("katarunner").mayOnlyBeAccessedByLayers("launch", "workspace")
            .whereLayer("kernel").mayOnlyBeAccessedByLayers("launch", "workspace", "katarunner")
            .whereLayer("kernel.child").mayOnlyBeAccessedByLayers("kernel")
            .whereLayer("kernel.protocol").mayOnlyBeAccessedByLayers("workspace", "katarunner", "kernel", "kernel.child")
            .whereLayer("notebook").mayOnlyBeAccessedByLayers("launch", "http", "dojo", "workspace")
            .whereLayer("security").mayOnlyBeAccessedByLayers("launch", "http", "dojo", "workspace", "notebook");

    @ArchTest
    static final ArchRule theChildNeverReachesTheServerSide = noClasses()
            .that().resideInAPackage(SERVER + ".kernel.child..")
            .should().dependOnClassesThat().resideInAnyPackage(SERVER + ".kernel", SERVER + ".katarunner..",
                    SERVER + ".workspace..", SERVER + ".http..", SERVER + ".dojo..", SERVER + ".notebook..",
                    SERVER + ".security..")
            .because("it runs in the kernel's JVM, where none of the server is loaded");
}
