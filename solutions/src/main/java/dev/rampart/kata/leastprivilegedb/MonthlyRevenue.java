package dev.rampart.kata.leastprivilegedb;

import java.time.LocalDate;

/** One bar of a tenant's revenue chart: invoices issued in a month that were not voided. */
public record MonthlyRevenue(LocalDate month, long totalCents, long invoices) {
}
