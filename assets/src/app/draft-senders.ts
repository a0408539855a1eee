import { registerSender } from "@/lib/drafts";
import { ACTIVITY_DRAFT_KIND, ACTIVITY_REFRESHES, sendQueuedActivity } from "@/features/activities/api/create-activity";
import { METRIC_DRAFT, sendMetricDraft } from "@/features/frameworks/api/post-metric-values";
import { STATUS_KEY } from "@/features/frameworks/api/get-status";
import { TARGET_DRAFT, sendTargetDraft } from "@/features/targets/api/post-target";

// Every kind of offline draft, with what a delivery changes, registered
// before the first sync (the layout's), whichever screen opens first.
// Imported once, for this effect, by app/app.tsx.

registerSender(ACTIVITY_DRAFT_KIND, sendQueuedActivity, ACTIVITY_REFRESHES);
registerSender(TARGET_DRAFT, sendTargetDraft, [["targets"]]);
registerSender(METRIC_DRAFT, sendMetricDraft, [["esg-metrics"], STATUS_KEY]);
