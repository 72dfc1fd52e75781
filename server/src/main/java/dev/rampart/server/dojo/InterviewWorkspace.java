package dev.rampart.server.dojo;

import dev.rampart.server.notebook.ReleasedKatas;
import dev.rampart.server.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The candidate's workspace: a copy of the katas as released in the interview's folder (made once; a restart
 * finds it), whose cells and attack runs are written down for the report, which takes no change
 * once the time is up, and whose kernels and attack run in flight stop then.
 */
public final class InterviewWorkspace {

    private InterviewWorkspace() {
    }

    /**
     * @param folder  the interview's folder; the copy goes into its {@code workspace/}
     * @param release the katas as released, which the copy is made of
     * @param factory builds the workspace's notebooks, kata sources, kernels and attack runs
     */
    public static Workspace create(Interview interview, Path folder, ReleasedKatas release, DojoWorkspaces.Factory factory) {
        var workspaceFolder = folder.resolve("workspace");
        if (!Files.isDirectory(workspaceFolder)) {
            DojoWorkspaces.copyWorkspace(release, workspaceFolder);
        }
        var parts = factory.create("candidate", workspaceFolder);
        var kernels = new InterviewKernels(parts.kernels(), interview);
        var workspace = new Workspace(parts.notebooks(), parts.katas(), kernels, new InterviewAttackRuns(parts.attacks(), interview),
                interview::lock);
        interview.onFreeze(() -> {
            // The run in flight first: it ends as stopped at the limit, and its kernel is given back once it has.
            workspace.attacks().stop();
            kernels.shutdownAll();
            workspace.attacks().release();
        });
        return workspace;
    }
}
