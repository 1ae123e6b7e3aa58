package io.cutwatch.deadlock;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.deadlock.lockservice.LockService;
import io.cutwatch.deadlock.lockservice.LockServiceAdapter;
import io.cutwatch.detect.DetectionJob;
import io.cutwatch.detect.DetectionJobs;
import io.cutwatch.hazelcast.jobs.HazelcastJobDriver;
import io.cutwatch.hazelcast.HazelcastCutwatch;
import io.cutwatch.hazelcast.HazelcastOptions;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The "On a cluster" snippet of docs/deadlock.md, compiled so it cannot drift from the API. Not run. */
final class ClusterDocsExample {
    record VictimAbort(String tx) {
    }

    private ClusterDocsExample() {
    }

    static DetectionJob onEveryMember(HazelcastInstance hz, Topology topology, Map<String, String> owners,
                                      List<String> myProcesses) {
        Cutwatch cw = HazelcastCutwatch.on(hz, topology, HazelcastOptions.defaults("locks"));   // on every member
        LockService locks = LockService.start(cw, owners, LockService.Options.defaults(), myProcesses);
        ITopic<VictimAbort> victims = hz.getReliableTopic("locks.victims");   // record VictimAbort(String tx)
        victims.addMessageListener(m -> {
            String tx = m.getMessageObject().tx();
            if (locks.homeOf(tx) != null) locks.abort(tx);                   // its home is here: abort on its thread
        });
        DetectionJobs jobs = DetectionJobs.on(cw);
        jobs.registry().register(new DeadlockDetector<>(new LockServiceAdapter()));   // not discoverable: needs the adapter
        DetectionJob job = jobs.define("deadlock-watch").detectors(DeadlockDetector.NAME)
                .every(Duration.ofMillis(200)).snapshotTimeout(Duration.ofSeconds(5))
                .onReport(r -> {
                    if (r.result() instanceof DeadlockReport d) {
                        d.victims().forEach(v -> victims.publish(new VictimAbort(v)));
                    }
                })
                .build();
        HazelcastJobDriver.on(hz, jobs).drive(job);
        return job;
    }
}
