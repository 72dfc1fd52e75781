package dev.rampart.server.dojo;

import java.util.Optional;

/** Whether the room takes work. */
public enum RoomState {
    /** Participants edit and run code. */
    OPEN,
    /** The facilitator is talking: reading stays, changes and runs wait. */
    PAUSED,
    /** Over: every workspace is read-only for good and the kernels are stopped. */
    ENDED;

    /** Why a participant's change is refused now, or empty when it is not. */
    Optional<String> lock() {
        return switch (this) {
            case OPEN -> Optional.empty();
            case PAUSED -> Optional.of("The facilitator paused the room: your work is safe, and you can go on when they resume it");
            case ENDED -> Optional.of("The session has ended: your work is kept, read-only");
        };
    }
}
