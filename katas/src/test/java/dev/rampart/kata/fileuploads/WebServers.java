package dev.rampart.kata.fileuploads;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How the web servers put in front of upload folders read a stored file's name: whether one of
 * them would hand the file to an interpreter, or read it as its own configuration. An upload
 * folder is served by something; the suite asks all of them.
 * <ul>
 *   <li>Apache httpd's mod_mime gives a file every extension it carries, case-insensitively:
 *       {@code shell.php.png} and {@code shell.php.} both go to PHP under the
 *       {@code AddHandler} configurations hosting panels and tutorials install.</li>
 *   <li>Windows (IIS, or the folder on a Windows share) drops trailing dots and spaces from a
 *       name, ignores case, and IIS 6 stops reading at a {@code ;} ({@code shell.asp;.jpg}).</li>
 *   <li>Tomcat maps {@code *.jsp} and {@code *.jspx} by the last extension.</li>
 *   <li>{@code .htaccess} (Apache), {@code .user.ini} (PHP under FastCGI) and
 *       {@code web.config} (IIS) found in a served folder change how the server treats it.</li>
 * </ul>
 * The handlers are the ones PayloadsAllTheThings lists under "Upload Insecure Files" as
 * executed by a default or common configuration.
 */
final class WebServers {

    /** Extension → what runs it, by Apache's reading (any extension of the name counts). */
    private static final Map<String, String> APACHE = Map.ofEntries(
            Map.entry("php", "PHP"), Map.entry("php3", "PHP"), Map.entry("php4", "PHP"), Map.entry("php5", "PHP"),
            Map.entry("php7", "PHP"), Map.entry("pht", "PHP"), Map.entry("phtml", "PHP"), Map.entry("phar", "PHP"),
            Map.entry("shtml", "server-side includes"), Map.entry("cgi", "CGI"), Map.entry("pl", "CGI (Perl)"));
    /** Extension → what runs it, by the last extension as Windows and IIS read it. */
    private static final Map<String, String> IIS = Map.of(
            "asp", "ASP", "aspx", "ASP.NET", "asa", "ASP", "cer", "ASP", "ashx", "ASP.NET", "asmx", "ASP.NET",
            "php", "PHP");
    private static final Map<String, String> TOMCAT = Map.of("jsp", "JSP", "jspx", "JSP");
    private static final Map<String, String> CONFIGURATION = Map.of(
            ".htaccess", "Apache's per-folder configuration", ".user.ini", "PHP's per-folder configuration",
            "web.config", "IIS's per-folder configuration");

    private WebServers() {
    }

    /** What a server would do with a file stored under this name, beyond serving its bytes: empty when nothing. */
    static List<String> readingsOf(String storedName) {
        var found = new ArrayList<String>();
        var windows = windowsName(storedName);
        Optional.ofNullable(CONFIGURATION.get(windows)).ifPresent(what -> found.add("read as " + what));
        for (var extension : apacheExtensions(storedName)) {
            Optional.ofNullable(APACHE.get(extension)).ifPresent(what -> found.add("run as " + what + " by Apache (." + extension + ")"));
        }
        lastExtension(windows.contains(";") ? windows.substring(0, windows.indexOf(';')) : windows).ifPresent(extension ->
                Optional.ofNullable(IIS.get(extension)).ifPresent(what -> found.add("run as " + what + " by IIS (." + extension + ")")));
        lastExtension(storedName).ifPresent(extension ->
                Optional.ofNullable(TOMCAT.get(extension)).ifPresent(what -> found.add("run as " + what + " by Tomcat (." + extension + ")")));
        return found;
    }

    /** Every dot-separated part after the first, lower case: mod_mime's reading. */
    private static List<String> apacheExtensions(String name) {
        var parts = Arrays.asList(name.toLowerCase(Locale.ROOT).split("\\.", -1));
        return parts.subList(1, parts.size());
    }

    /** The name as Windows stores it: trailing dots and spaces dropped, case folded. */
    private static String windowsName(String name) {
        return name.replaceFirst("[. ]+$", "").toLowerCase(Locale.ROOT);
    }

    private static Optional<String> lastExtension(String name) {
        var dot = name.lastIndexOf('.');
        return dot < 0 ? Optional.empty() : Optional.of(name.substring(dot + 1));
    }
}
