package dev.rampart.kata.cors;

import java.util.List;

/**
 * Which web sites may call the API from the browser with the user's cookie.
 *
 * @param allowedHosts host names of the sites whose HTTPS pages are the API's front ends;
 *                     {@code *.example.com} stands for every subdomain of {@code example.com}
 */
public record CorsSettings(List<String> allowedHosts) {

    public CorsSettings {
        allowedHosts = List.copyOf(allowedHosts);
    }
}
