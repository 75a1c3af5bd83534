package org.kmemlab.script.trace;

import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Zone;
import org.kmemlab.kernel.Kernel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The compact state summary a trace keeps after every call, and replay compares: for each populated zone the
 * buddyinfo counts (free blocks of each order, {@code nr_free}) and the zone's {@code NR_FREE_PAGES}, e.g.
 * {@code {"DMA32": {"free": [3, 1, 0, ...], "NR_FREE_PAGES": 241662}}}.
 */
public final class TraceState {
    private TraceState() {
    }

    public static ObjectNode capture(Kernel k) {
        ObjectNode out = TraceFormat.NODES.objectNode();
        PageAllocator pa = k.pageAllocator();
        for (Zone z : k.physmem().zones()) {
            if (!z.populated()) {
                continue;
            }
            ArrayNode free = TraceFormat.NODES.arrayNode(Profile.MAX_ORDER);
            for (int o = 0; o < Profile.MAX_ORDER; o++) {
                free.add(TraceFormat.encodeLong(pa.nrFree(z.index, o)));
            }
            ObjectNode zone = out.putObject(z.name);
            zone.set("free", free);
            zone.set("NR_FREE_PAGES", TraceFormat.encodeLong(z.vmStat[Zone.NR_FREE_PAGES]));
        }
        return out;
    }
}
