package dev.rampart.kata.securetokens;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * A fixed clock that makes two calls meet: the injected hook that turns a race into a
 * certainty, with no sleep and no luck. A redemption asks the clock whether the token has
 * expired after it has found the token, so holding each racer at its first look at the clock
 * until the other gets there too means both have found the same unused token before either
 * marks it used. Code that takes the token out in one atomic step lets exactly one of them win
 * whatever happens next; code that checks, then marks, lets both through, every time.
 *
 * <p>A racer never waits for one that cannot come: one that finished without asking the time,
 * or is blocked or parked on a lock the first one holds (a {@code synchronized} redemption is
 * serialised, and that is a correct fix).
 */
final class Rendezvous extends Clock {

    private final Instant now;
    private final Set<Thread> racers = ConcurrentHashMap.newKeySet();
    private final Set<Thread> racing = ConcurrentHashMap.newKeySet();
    private final Set<Thread> arrived = ConcurrentHashMap.newKeySet();
    private final CountDownLatch bothArrived = new CountDownLatch(2);

    Rendezvous(Instant now) {
        this.now = now;
    }

    /** Runs both calls at once, each on its own thread, and answers their results in order. */
    <T> List<T> race(Callable<T> first, Callable<T> second) throws InterruptedException, ExecutionException {
        var tasks = new ArrayList<FutureTask<T>>();
        var threads = new ArrayList<Thread>();
        for (var call : List.of(first, second)) {
            var task = new FutureTask<T>(() -> {
                racing.add(Thread.currentThread());
                return call.call();
            });
            var thread = new Thread(task, "racer-" + (threads.size() + 1));
            tasks.add(task);
            threads.add(thread);
            racers.add(thread);
        }
        threads.forEach(Thread::start);
        var results = new ArrayList<T>();
        for (var task : tasks) {
            results.add(task.get());
        }
        return results;
    }

    @Override
    public Instant instant() {
        var me = Thread.currentThread();
        if (racers.contains(me) && arrived.add(me)) {
            bothArrived.countDown();
            waitForTheOther(me);
        }
        return now;
    }

    private void waitForTheOther(Thread me) {
        var other = racers.stream().filter(t -> t != me).findFirst().orElseThrow();
        try {
            // Short waits only to look at the other racer between them; the meeting is the latch.
            while (!bothArrived.await(1, TimeUnit.MILLISECONDS)) {
                if (!arrived.contains(other) && cannotArrive(other)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean cannotArrive(Thread other) {
        var state = other.getState();
        if (state == Thread.State.TERMINATED) {
            return true;
        }
        return racing.contains(other) && (state == Thread.State.BLOCKED || state == Thread.State.WAITING
                || state == Thread.State.TIMED_WAITING);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(now, zone);
    }
}
