package dev.rampart.kata.jwt;

import java.net.URI;

/**
 * Where tokens come from and whom they are for.
 *
 * @param issuer    this service's name in the {@code iss} claim, e.g. {@code https://auth.example.com}
 * @param audience  the API the tokens are for, in the {@code aud} claim, e.g. {@code https://api.example.com}
 * @param keyFolder the folder holding the verification keys, one file per key id: a PEM public key
 *                  for RSA keys, the raw shared secret for HMAC keys shared with partner services
 */
public record JwtSettings(String issuer, String audience, URI keyFolder) {
}
