import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "@/lib/api-client";

// Retry what may pass on a second try (network, 5xx) once; a 4xx never.
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (n, e) => n < 1 && e instanceof ApiError && (e.isNetwork || e.isServer),
    },
    // A write runs even when the browser says it is offline: it then fails
    // at once and the form keeps it as a draft, instead of hanging paused.
    mutations: { retry: false, networkMode: "always" },
  },
});
