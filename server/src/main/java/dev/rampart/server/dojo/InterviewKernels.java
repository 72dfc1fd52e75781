package dev.rampart.server.dojo;

import dev.rampart.server.workspace.KernelChannel;
import dev.rampart.server.workspace.KernelListener;
import dev.rampart.server.workspace.Kernels;

/** The candidate's kernels, with every cell they run written down for the report. */
final class InterviewKernels extends ForwardingKernels {

    private final Interview interview;

    InterviewKernels(Kernels kernels, Interview interview) {
        super(kernels);
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
}
