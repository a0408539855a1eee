import { createBrowserRouter } from "react-router-dom";
import { Layout } from "@/app/layout";
import { RequireAuth } from "@/app/require-auth";
import { SignIn } from "@/features/auth/components/sign-in";
import { Register } from "@/features/auth/components/register";
import { prefetchOverview } from "@/features/overview/api/prefetch-overview";
import { queryClient } from "@/app/query-client";

// Each screen is its own chunk, loaded when first visited, so the first
// load carries only the shell and the screen it shows.
export const router = createBrowserRouter([
  { path: "/sign-in", element: <SignIn /> },
  { path: "/register", element: <Register /> },
  {
    path: "/",
    element: (
      <RequireAuth>
        <Layout />
      </RequireAuth>
    ),
    children: [
      { index: true, loader: ({ request }) => prefetchOverview(queryClient, new URL(request.url)), lazy: () => import("@/features/overview/components/overview-page").then((m) => ({ Component: m.OverviewPage })) },
      { path: "activities", lazy: () => import("@/features/activities/components/activities-page").then((m) => ({ Component: m.ActivitiesPage })) },
      { path: "imports", lazy: () => import("@/features/imports/components/import-page").then((m) => ({ Component: m.ImportPage })) },
      { path: "frameworks", lazy: () => import("@/features/frameworks/components/frameworks-page").then((m) => ({ Component: m.FrameworksPage })) },
      { path: "targets", lazy: () => import("@/features/targets/components/targets-page").then((m) => ({ Component: m.TargetsPage })) },
      { path: "reports", lazy: () => import("@/features/reports/components/reports-page").then((m) => ({ Component: m.ReportsPage })) },
      {
        path: "admin",
        lazy: () =>
          import("@/features/admin/components/admin-page").then((m) => ({
            Component: () => (
              <RequireAuth min="admin">
                <m.AdminPage />
              </RequireAuth>
            ),
          })),
      },
      { path: "*", element: <p className="p-6">No such page.</p> },
    ],
  },
]);
