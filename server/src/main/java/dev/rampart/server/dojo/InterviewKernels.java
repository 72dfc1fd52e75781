package dev.rampart.server.dojo;

import dev.rampart.contract.Kata;
import dev.rampart.server.http.KernelChannel;
import dev.rampart.server.http.KernelInfo;
import dev.rampart.server.http.KernelListener;
import dev.rampart.server.http.Kernels;
import java.util.List;
import java.util.Optional;

/** The candidate's kernels, with every cell they run written down for the report. */
final class InterviewKernels implements Kernels {

    private final Kernels kernels;
    private final Interview interview;

    InterviewKernels(Kernels kernels, Interview interview) {
        this.kernels = kernels;
        this.interview = interview;
    }

    @Override
    public KernelChannel connect(String id, KernelListener listener) {
        var channel = kernels.connect(id, listener);
        return new KernelChannel() {
            @Override
            public void execute(String requestId, String code) {
                interview.recordCell(code);
                channel.execute(requestId, code);
            }

            @Override
            public void complete(String requestId, String code, int cursor) {
                channel.complete(requestId, code, cursor);
            }

            @Override
            public void inspect(String requestId, String code, int cursor) {
                channel.inspect(requestId, code, cursor);
            }

            @Override
            public void close() {
                channel.close();
            }
        };
    }

    @Override
    public KernelInfo start(String name) {
        return kernels.start(name);
    }

    @Override
    public List<KernelInfo> list() {
        return kernels.list();
    }

    @Override
    public Optional<KernelInfo> find(String id) {
        return kernels.find(id);
    }

    @Override
    public void bind(String id, Kata kata) {
        kernels.bind(id, kata);
    }

    @Override
    public void shutdown(String id) {
        kernels.shutdown(id);
    }

    @Override
    public KernelInfo restart(String id) {
        return kernels.restart(id);
    }

    @Override
    public void interrupt(String id) {
        kernels.interrupt(id);
    }

    /** Stops the candidate's kernels only. */
    @Override
    public void shutdownAll() {
        kernels.list().forEach(kernel -> kernels.shutdown(kernel.id()));
    }
}
