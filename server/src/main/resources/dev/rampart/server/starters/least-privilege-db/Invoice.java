package dev.rampart.kata.leastprivilegedb;

import java.time.LocalDate;
import java.util.Optional;

/** An invoice of one tenant; amounts in cents. */
public record Invoice(String number, long customerId, long netCents, long taxCents, String status,
                      LocalDate issuedOn, Optional<LocalDate> paidOn) {

    public long totalCents() {
        return netCents + taxCents;
    }
}
