package dev.rampart.kata.dbexposure;

/** What the audit looks for, in {@code postgresql.conf}, in {@code pg_hba.conf} and on a running server. */
public enum Check {

    /** {@code listen_addresses} takes connections on every network interface. */
    LISTENS_ON_ALL_INTERFACES,

    /** The server listens beyond this machine with {@code ssl} off: passwords and data cross the network in clear text. */
    NO_SSL_ON_THE_NETWORK,

    /** {@code password_encryption = md5}: new passwords are stored as MD5 hashes, which sign in as well as the password does. */
    MD5_PASSWORD_STORAGE,

    /** {@code log_statement} or {@code log_min_duration_statement} writes statement text, passwords in it included, to the server log. */
    STATEMENTS_LOGGED,

    /** A {@code pg_hba.conf} rule lets clients in without any password or credential. */
    TRUST_AUTHENTICATION,

    /** A rule asks for a password in clear text over a connection that may not be encrypted. */
    CLEAR_TEXT_PASSWORD,

    /** A rule uses {@code md5} authentication. */
    MD5_AUTHENTICATION,

    /** A rule admits every address, or a slice of the public internet wider than a /8. */
    OPEN_TO_ANY_ADDRESS,

    /** A rule lets a superuser (or every user, superusers included) sign in from another machine. */
    SUPERUSER_FROM_THE_NETWORK,

    /** A rule lets other machines connect without TLS. */
    UNENCRYPTED_FROM_THE_NETWORK
}
