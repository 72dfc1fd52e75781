package dev.rampart.server.kernel.protocol;

import dev.rampart.contract.Kata;
import java.util.Objects;

/** A kata as it travels to a kernel: the catalogue row's number, id and title. */
public record KataRef(int number, String id, String title) {
    public KataRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
    }

    public static KataRef of(Kata kata) {
        return new KataRef(kata.number(), kata.id(), kata.title());
    }

    /** Back to the contract's record, which checks the id. */
    public Kata toKata() {
        return new Kata(number, id, title);
    }
}
