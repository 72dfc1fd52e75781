package dev.rampart.kata.dbexposure;

import dev.rampart.kata.dbexposure.HbaFile.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One {@code pg_hba.conf} record, from a file or from the server's {@code pg_hba_file_rules},
 * and the checks on it.
 *
 * @param type      local, host, hostssl, hostnossl, hostgssenc or hostnogssenc
 * @param databases the DATABASE field
 * @param users     the USER field, {@code @file} lists expanded
 * @param address   the ADDRESS (and netmask) of a host record; empty for local
 * @param method    the authentication method
 * @param where     file and line
 */
record HbaRule(String type, List<Token> databases, List<Token> users, Optional<Address> address, String method, String where) {

    /** Methods that make the client send its password as it is: trust TLS or nothing. */
    private static final Set<String> CLEAR_TEXT_METHODS = Set.of("password", "ldap", "radius", "pam", "bsd");
    /** TCP records a connection without TLS (or GSS encryption) can match. */
    private static final Set<String> MAYBE_UNENCRYPTED = Set.of("host", "hostnossl", "hostnogssenc");

    HbaRule {
        databases = List.copyOf(databases);
        users = List.copyOf(users);
    }

    /** What is exposed by this record, given the names of the cluster's superusers. */
    List<Finding> findings(Set<String> superusers) {
        var findings = new ArrayList<Finding>();
        if (method.equals("reject")) {
            return findings;
        }
        if (method.equals("trust")) {
            findings.add(finding(Check.TRUST_AUTHENTICATION, "no password or credential asked"));
        }
        if (method.equals("md5")) {
            findings.add(finding(Check.MD5_AUTHENTICATION, "md5 authentication"));
        }
        if (address.isEmpty()) {
            return findings;
        }
        var from = address.get();
        var remote = !from.localOnly();
        var maybeUnencrypted = MAYBE_UNENCRYPTED.contains(type);
        if (remote && maybeUnencrypted && CLEAR_TEXT_METHODS.contains(method)) {
            findings.add(finding(Check.CLEAR_TEXT_PASSWORD, method + " over " + type + " from " + from));
        }
        if (from.anyAddress()) {
            findings.add(finding(Check.OPEN_TO_ANY_ADDRESS, "from " + from));
        }
        if (remote && admitsSuperuser(superusers)) {
            findings.add(finding(Check.SUPERUSER_FROM_THE_NETWORK, "users " + names(users) + " from " + from));
        }
        if (remote && maybeUnencrypted) {
            findings.add(finding(Check.UNENCRYPTED_FROM_THE_NETWORK, type + " from " + from));
        }
        return findings;
    }

    /** Whether the USER field lets a superuser in: "all", a superuser's name, a regular expression matching one, a superuser's group. */
    private boolean admitsSuperuser(Set<String> superusers) {
        for (var user : users) {
            if (user.is("all")) {
                return true;
            }
            var name = user.text();
            if (!user.quoted() && name.startsWith("/")) {
                try {
                    var regex = Pattern.compile(name.substring(1));
                    if (superusers.stream().anyMatch(s -> regex.matcher(s).find())) {
                        return true;
                    }
                } catch (PatternSyntaxException e) {
                    return true;
                }
            } else if (superusers.contains(!user.quoted() && name.startsWith("+") ? name.substring(1) : name)) {
                return true;
            }
        }
        return false;
    }

    private Finding finding(Check check, String what) {
        var rule = type + " " + names(databases) + " " + names(users) + address.map(a -> " " + a).orElse("") + " " + method;
        return new Finding(check, where, rule + ": " + what);
    }

    private static String names(List<Token> tokens) {
        return String.join(",", tokens.stream().map(Token::text).toList());
    }
}
