package dev.rampart.kata.pinneddependencies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.PayloadFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * A {@code pom.xml} audited for what would let the same commit build from different jars.
 *
 * <p>Every payload is the inside of a {@code <project>} element, on one line ({@code \u000A} where
 * a line break matters); the suite writes it into a pom for {@code com.example:shop:1.4.0} and
 * audits that file. An attack wins when Maven would build something unpinned (a range,
 * {@code LATEST}, a snapshot, a plugin or dependency without a version, a version decided outside
 * the pom, a repository over HTTP) and the audit does not report it for that dependency, plugin
 * or repository.
 *
 * <p>Left out: the effective pom of a parent in a remote repository (reading it needs the
 * network; the audit trusts Maven to refuse an unmanaged dependency version and says so);
 * versions and mirrors decided in {@code settings.xml} or {@code extensions.xml} (outside the
 * pom: a mirror over {@code http://} is a finding for an audit of the settings, not of the pom);
 * lock files and checksum verification (the next step after pinning, which Maven does not do by
 * itself); {@code [1.2.3]} exact-version ranges (deterministic; the solution reports them like
 * any range, since the plain version says the same, and neither list holds one);
 * {@code ${revision}} CI-friendly versions set with {@code -D} (the pom's own default is audited).
 */
class PomAuditTest {

    @TempDir
    Path dir;

    // ---- honest use -------------------------------------------------------------------------

    @ParameterizedTest
    @PayloadFile("pinned-dependencies/legitimate-poms.txt")
    void aPinnedPomIsClean(String project) {
        var findings = audit(project);

        assertThat(findings).as("everything in this pom is pinned, yet the audit reported %s", findings).isEmpty();
    }

    @ParameterizedTest
    @PayloadFile("pinned-dependencies/obvious-findings.txt")
    void theObviousCasesAreReported(String project, String rule, String subject) {
        assertReported(audit(project), Rule.valueOf(rule), subject, "written the plain way");
    }

    @Test
    void versionsThePomOnDiskAboveManagesAreAccepted() {
        write("pom.xml", pom("""
                <groupId>com.example</groupId><artifactId>platform</artifactId><version>7</version><packaging>pom</packaging>
                <properties><jackson.version>2.18.2</jackson.version></properties>
                <dependencyManagement><dependencies><dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId><version>2.3</version></dependency>
                  <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-dependencies</artifactId><version>3.4.1</version><type>pom</type><scope>import</scope></dependency>
                </dependencies></dependencyManagement>"""));
        var child = write("shop/pom.xml", pom("""
                <parent><groupId>com.example</groupId><artifactId>platform</artifactId><version>7</version></parent>
                <artifactId>shop</artifactId>
                <dependencies>
                  <dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId></dependency>
                  <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency>
                  <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>${jackson.version}</version></dependency>
                </dependencies>"""));

        assertThat(new PomAudit().audit(child)).isEmpty();
    }

    @Test
    void aModuleThatInheritsItsCoordinatesFromItsParentIsClean() {
        write("pom.xml", pom("""
                <groupId>com.example</groupId><artifactId>platform</artifactId><version>7.2.0</version><packaging>pom</packaging>"""));
        var child = write("shop/pom.xml", pom("""
                <parent><groupId>com.example</groupId><artifactId>platform</artifactId><version>7.2.0</version></parent>
                <artifactId>shop</artifactId>
                <dependencyManagement><dependencies>
                  <dependency><groupId>com.example</groupId><artifactId>shop-core</artifactId><version>7.2.0</version></dependency>
                  <dependency><groupId>com.example</groupId><artifactId>platform-tools</artifactId><version>7.2.0</version></dependency>
                </dependencies></dependencyManagement>
                <dependencies>
                  <dependency><groupId>${project.groupId}</groupId><artifactId>shop-api</artifactId><version>${project.version}</version></dependency>
                  <dependency><groupId>${project.parent.groupId}</groupId><artifactId>platform-bom</artifactId><version>${project.parent.version}</version></dependency>
                  <dependency><groupId>${project.groupId}</groupId><artifactId>shop-core</artifactId></dependency>
                  <dependency><groupId>${project.parent.groupId}</groupId><artifactId>platform-tools</artifactId></dependency>
                </dependencies>"""));

        assertThat(new PomAudit().audit(child))
                .as("the module takes groupId and version from its parent (com.example, 7.2.0), so ${project.groupId} and "
                        + "${project.version} are those, and the unversioned dependencies are managed under them")
                .isEmpty();
    }

    @Test
    void theNearestDefinitionOfAPropertyWins() {
        write("platform/pom.xml", pom("""
                <groupId>com.example</groupId><artifactId>platform</artifactId><version>7</version><packaging>pom</packaging>
                <properties><commons-text.version>LATEST</commons-text.version></properties>"""));
        write("services/pom.xml", pom("""
                <parent><groupId>com.example</groupId><artifactId>platform</artifactId><version>7</version><relativePath>../platform</relativePath></parent>
                <groupId>com.example.services</groupId><artifactId>services</artifactId><packaging>pom</packaging>
                <properties><commons-text.version>1.12.0</commons-text.version></properties>
                <build><plugins><plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-enforcer-plugin</artifactId><version>3.5.0</version></plugin></plugins></build>"""));
        var child = write("services/shop/pom.xml", pom("""
                <parent><groupId>com.example.services</groupId><artifactId>services</artifactId><version>7</version></parent>
                <artifactId>shop</artifactId>
                <dependencies><dependency><groupId>org.apache.commons</groupId><artifactId>commons-text</artifactId><version>${commons-text.version}</version></dependency></dependencies>"""));

        assertThat(new PomAudit().audit(child))
                .as("the parent pins commons-text at 1.12.0 over the grandparent's LATEST: Maven takes the nearest definition")
                .isEmpty();
    }

    @Test
    void aModuleWithCoordinatesOfItsOwnUsesThemNotItsParents() {
        write("pom.xml", pom("""
                <groupId>com.example</groupId><artifactId>platform</artifactId><version>8.0.0-SNAPSHOT</version><packaging>pom</packaging>"""));
        var child = write("shop/pom.xml", pom("""
                <parent><groupId>com.example</groupId><artifactId>platform</artifactId><version>8.0.0-SNAPSHOT</version></parent>
                <groupId>com.example.shop</groupId><artifactId>shop</artifactId><version>1.4.0</version>
                <dependencyManagement><dependencies>
                  <dependency><groupId>com.example.shop</groupId><artifactId>shop-core</artifactId><version>1.4.0</version></dependency>
                </dependencies></dependencyManagement>
                <dependencies>
                  <dependency><groupId>com.example.shop</groupId><artifactId>shop-api</artifactId><version>${project.version}</version></dependency>
                  <dependency><groupId>${project.groupId}</groupId><artifactId>${project.artifactId}-core</artifactId></dependency>
                </dependencies>"""));

        assertThat(new PomAudit().audit(child)).filteredOn(f -> !f.subject().equals("com.example:platform"))
                .as("the module's own groupId and version (com.example.shop, 1.4.0) are what ${project.*} means, not the "
                        + "parent's 8.0.0-SNAPSHOT; shop-core is managed under its resolved coordinates")
                .isEmpty();
    }

    @Test
    void aParentChainThatLoopsBackEnds() {
        var pom = write("pom.xml", pom("""
                <parent><groupId>com.example</groupId><artifactId>shop</artifactId><version>1.4.0</version><relativePath>pom.xml</relativePath></parent>
                <groupId>com.example</groupId><artifactId>shop</artifactId><version>1.4.0</version>
                <dependencies>
                  <dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId><version>2.3</version></dependency>
                  <dependency><groupId>com.example</groupId><artifactId>shop-api</artifactId></dependency>
                </dependencies>"""));

        assertThat(new PomAudit().audit(pom))
                .as("a pom that names itself as its parent is read a bounded number of times, and a chain that never ends "
                        + "is no complete chain: an unversioned dependency is left to Maven, which refuses the pom")
                .isEmpty();
    }

    // ---- attacks ----------------------------------------------------------------------------

    @AttackFamily("writes a range or LATEST in a form a line-by-line pattern does not read")
    @PayloadFile("pinned-dependencies/hidden-dynamic-versions.txt")
    void hiddenDynamicVersions(String project, String rule, String subject) {
        assertReported(audit(project), Rule.valueOf(rule), subject,
                "XML allows whitespace, character references, CDATA, comments and any element order; read the pom with Maven's own reader");
    }

    @AttackFamily("moves the unpinned version into a property")
    @PayloadFile("pinned-dependencies/property-versions.txt")
    void propertyVersions(String project, String rule, String subject) {
        assertReported(audit(project), Rule.valueOf(rule), subject,
                "resolve ${...} from the pom's properties (and each profile's) before judging the version; one nothing defines is decided outside the pom");
    }

    @AttackFamily("depends on a snapshot Maven recognises and a suffix test does not")
    @PayloadFile("pinned-dependencies/snapshots.txt")
    void snapshots(String project, String rule, String subject) {
        assertReported(audit(project), Rule.valueOf(rule), subject,
                "Maven treats -snapshot in any case and timestamped builds as snapshots, in parents and plugins too");
    }

    @AttackFamily("leaves a plugin unpinned where a text search finds some other <version>")
    @PayloadFile("pinned-dependencies/unpinned-plugins.txt")
    void unpinnedPlugins(String project, String rule, String subject) {
        assertReported(audit(project), Rule.valueOf(rule), subject,
                "a <version> inside the plugin's configuration, dependencies or a comment is not the plugin's version");
    }

    @AttackFamily("leaves a dependency without a version that nothing manages")
    @PayloadFile("pinned-dependencies/missing-versions.txt")
    void missingVersions(String project, String rule, String subject) {
        assertReported(audit(project), Rule.valueOf(rule), subject,
                "a dependency needs a version or a dependencyManagement entry for the same groupId:artifactId:type:classifier, "
                        + "in this pom, its parents, or the same profile");
    }

    @AttackFamily("downloads from a repository over plain HTTP, spelled so a prefix test misses it")
    @PayloadFile("pinned-dependencies/insecure-repositories.txt")
    void insecureRepositories(String project, String rule, String subject) {
        assertReported(audit(project), Rule.valueOf(rule), subject,
                "every repository, plugin repository and deployment target; schemes are case-insensitive and urls may come from properties");
    }

    @Attack("sets the version to LATEST in the parent pom next door")
    void latestFromTheParent() {
        write("pom.xml", pom("""
                <groupId>com.example</groupId><artifactId>platform</artifactId><version>7</version><packaging>pom</packaging>
                <properties><commons-text.version>LATEST</commons-text.version></properties>"""));
        var child = write("shop/pom.xml", pom("""
                <parent><groupId>com.example</groupId><artifactId>platform</artifactId><version>7</version></parent>
                <artifactId>shop</artifactId>
                <dependencies><dependency><groupId>org.apache.commons</groupId><artifactId>commons-text</artifactId><version>${commons-text.version}</version></dependency></dependencies>"""));

        assertReported(new PomAudit().audit(child), Rule.DYNAMIC_VERSION, "org.apache.commons:commons-text",
                "the property is defined by the parent on disk; follow <parent> through relativePath");
    }

    @Attack("overrides the parent's pinned version with a range in the module's own properties")
    void rangeOverridingTheParent() {
        write("pom.xml", pom("""
                <groupId>com.example</groupId><artifactId>platform</artifactId><version>7</version><packaging>pom</packaging>
                <properties><jackson.version>2.18.2</jackson.version></properties>"""));
        var child = write("shop/pom.xml", pom("""
                <parent><groupId>com.example</groupId><artifactId>platform</artifactId><version>7</version></parent>
                <artifactId>shop</artifactId>
                <properties><jackson.version>[2.13,3)</jackson.version></properties>
                <dependencies><dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>${jackson.version}</version></dependency></dependencies>"""));

        assertReported(new PomAudit().audit(child), Rule.VERSION_RANGE, "com.fasterxml.jackson.core:jackson-databind",
                "a module's own property overrides its parent's: the module builds [2.13,3), not the parent's 2.18.2");
    }

    @Attack("sets the version to LATEST two parents up, in a parent found through a folder")
    void latestFromTheGrandparent() {
        write("platform/pom.xml", pom("""
                <groupId>com.example</groupId><artifactId>platform</artifactId><version>7</version><packaging>pom</packaging>
                <properties><snakeyaml.version>LATEST</snakeyaml.version></properties>"""));
        write("services/pom.xml", pom("""
                <parent><groupId>com.example</groupId><artifactId>platform</artifactId><version>7</version><relativePath>../platform</relativePath></parent>
                <artifactId>services</artifactId><packaging>pom</packaging>"""));
        var child = write("services/shop/pom.xml", pom("""
                <parent><groupId>com.example</groupId><artifactId>services</artifactId><version>7</version></parent>
                <artifactId>shop</artifactId>
                <dependencies><dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId><version>${snakeyaml.version}</version></dependency></dependencies>"""));

        assertReported(new PomAudit().audit(child), Rule.DYNAMIC_VERSION, "org.yaml:snakeyaml",
                "properties come from every parent up the chain; the middle one inherits its groupId and points to its own "
                        + "parent's folder (relativePath may name a directory)");
    }

    @Attack("inherits a version range from the parent's dependencyManagement")
    void rangeManagedByTheParent() {
        write("pom.xml", pom("""
                <groupId>com.example</groupId><artifactId>platform</artifactId><version>7</version><packaging>pom</packaging>
                <dependencyManagement><dependencies>
                  <dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId><version>[2.0,)</version></dependency>
                </dependencies></dependencyManagement>"""));
        var child = write("shop/pom.xml", pom("""
                <parent><groupId>com.example</groupId><artifactId>platform</artifactId><version>7</version></parent>
                <artifactId>shop</artifactId>
                <dependencies><dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId></dependency></dependencies>"""));

        assertReported(new PomAudit().audit(child), Rule.VERSION_RANGE, "org.yaml:snakeyaml",
                "the module takes its version from the parent's dependencyManagement, so it builds whatever that says; "
                        + "judge the managed version, not only whether there is one");
    }

    @Attack("inherits LATEST for a plugin from the parent's pluginManagement")
    void pluginLatestManagedByTheParent() {
        write("pom.xml", pom("""
                <groupId>com.example</groupId><artifactId>platform</artifactId><version>7</version><packaging>pom</packaging>
                <build><pluginManagement><plugins>
                  <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>LATEST</version></plugin>
                </plugins></pluginManagement></build>"""));
        var child = write("shop/pom.xml", pom("""
                <parent><groupId>com.example</groupId><artifactId>platform</artifactId><version>7</version></parent>
                <artifactId>shop</artifactId>
                <build>
                  <pluginManagement><plugins><plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId>
                    <configuration><failIfNoTests>true</failIfNoTests></configuration></plugin></plugins></pluginManagement>
                  <plugins><plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId></plugin></plugins>
                </build>"""));

        assertReported(new PomAudit().audit(child), Rule.DYNAMIC_VERSION, "org.apache.maven.plugins:maven-surefire-plugin",
                "the plugin's version comes from the parent's pluginManagement, and there it is LATEST; the module's own "
                        + "pluginManagement entry only configures it, and pins nothing");
    }

    @Attack("takes a version from a property that only the pom next door defines, though it is not the parent")
    void propertyFromAPomThatIsNotTheParent() {
        write("pom.xml", pom("""
                <groupId>com.example</groupId><artifactId>aggregator</artifactId><version>1</version><packaging>pom</packaging>
                <properties><commons-text.version>1.12.0</commons-text.version></properties>"""));
        var child = write("shop/pom.xml", pom("""
                <parent><groupId>com.example</groupId><artifactId>platform</artifactId><version>7</version></parent>
                <artifactId>shop</artifactId>
                <dependencies><dependency><groupId>org.apache.commons</groupId><artifactId>commons-text</artifactId><version>${commons-text.version}</version></dependency></dependencies>"""));

        assertReported(new PomAudit().audit(child), Rule.UNRESOLVED_PROPERTY, "org.apache.commons:commons-text",
                "../pom.xml is com.example:aggregator, not the parent com.example:platform the module names; Maven takes the "
                        + "property from that parent, fetched from a repository, so the pom on disk does not decide the version");
    }

    @Attack("takes a version from the pom next door that has the parent's artifactId under another groupId")
    void propertyFromAPomWithAnotherGroupId() {
        write("pom.xml", pom("""
                <groupId>com.example.legacy</groupId><artifactId>platform</artifactId><version>7</version><packaging>pom</packaging>
                <properties><commons-text.version>1.12.0</commons-text.version></properties>"""));
        var child = write("shop/pom.xml", pom("""
                <parent><groupId>com.example</groupId><artifactId>platform</artifactId><version>7</version></parent>
                <artifactId>shop</artifactId>
                <dependencies><dependency><groupId>org.apache.commons</groupId><artifactId>commons-text</artifactId><version>${commons-text.version}</version></dependency></dependencies>"""));

        assertReported(new PomAudit().audit(child), Rule.UNRESOLVED_PROPERTY, "org.apache.commons:commons-text",
                "../pom.xml is com.example.legacy:platform, not com.example:platform: same artifactId, another project; "
                        + "compare the whole of the parent's coordinates");
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static void assertReported(List<Finding> findings, Rule rule, String subject, String hint) {
        assertThat(findings)
                .as("Maven would build %s unpinned (%s) and the audit reported %s; %s", subject, rule,
                        findings.isEmpty() ? "nothing" : findings, hint)
                .anyMatch(f -> f.rule() == rule && f.subject().equals(subject));
    }

    private List<Finding> audit(String project) {
        return new PomAudit().audit(write("pom.xml", pom("""
                <groupId>com.example</groupId>
                  <artifactId>shop</artifactId>
                  <version>1.4.0</version>
                  """ + project)));
    }

    private static String pom(String inside) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
                  <modelVersion>4.0.0</modelVersion>
                  %s
                </project>
                """.formatted(inside);
    }

    private Path write(String name, String content) {
        try {
            var file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
