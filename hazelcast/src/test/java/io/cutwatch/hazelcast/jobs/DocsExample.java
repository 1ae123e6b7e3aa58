package io.cutwatch.hazelcast.jobs;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.detect.DetectionJob;
import io.cutwatch.detect.DetectionJobs;
import io.cutwatch.detect.InTransitDetector;
import io.cutwatch.detect.Passivity;
import io.cutwatch.detect.ReportJson;
import io.cutwatch.hazelcast.CutwatchMembers;
import io.cutwatch.hazelcast.HazelcastCutwatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The cluster example of docs/detectors.md, kept here so the compiler checks it. Not a test: the
 * same steps run in {@link ClusterTerminationJobTest}.
 */
final class DocsExample {
    private static final Logger log = LoggerFactory.getLogger(DocsExample.class);

    record Idle(boolean passive) implements Passivity {
    }

    static final class Worker {
        Idle snapshot() {
            return new Idle(true);
        }

        void handle(String from, Object payload, io.cutwatch.process.Context ctx) {
        }
    }

    private DocsExample() {
    }

    static DetectionJob example(Topology topology) {
        // --- docs/detectors.md, "A job on an embedded cluster" ---
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(CutwatchMembers.loopback("shop").config());
        Cutwatch cw = HazelcastCutwatch.on(hz, topology);
        cw.process("w1", new Worker()).capture(Worker::snapshot)
                .onMessage((w, from, payload, ctx) -> w.handle(from, payload, ctx)).start();
        DetectionJobs jobs = DetectionJobs.on(cw)              // finds "termination" and other plug-ins
                .reportStore(new IMapReportStore(hz, "cutwatch-reports", 1_000));
        jobs.registry().register(new InTransitDetector());    // or list it in META-INF/services
        DetectionJob job = jobs.define("watch")
                .detectors("termination", "in-transit")
                .every(Duration.ofSeconds(5)).snapshotTimeout(Duration.ofSeconds(2))
                .onReport(r -> log.info("{}", ReportJson.toJson(r)))
                .build();
        return HazelcastJobDriver.on(hz, jobs).drive(job);    // one member drives; another takes over
        // --- end ---
    }
}
