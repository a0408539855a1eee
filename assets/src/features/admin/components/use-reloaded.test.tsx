import { afterEach, describe, expect, it, vi } from "vitest";
import { renderHook, screen, waitFor } from "@testing-library/react";
import type { Plugin } from "@/features/admin/api/plugins";
import { PluginsCard } from "@/features/admin/components/plugins-card";
import { changedGenerations, useReloaded } from "@/features/admin/components/use-reloaded";
import { json, renderWithQuery, serve } from "@/features/admin/components/test-utils";

const p = (name: string, generation: number, kind = "calculator"): Plugin => ({ name, kind, version: "1.0.0", abi: "1.3", generation, loaded_at: "2025-06-01T10:00:00Z" });

afterEach(() => vi.unstubAllGlobals());

describe("hot-reload highlight", () => {
  it("marks nothing on the first poll, then the plugins whose generation moved or that appeared", () => {
    expect(changedGenerations(null, [p("gri", 1)])).toEqual([]);
    const prev = new Map([["gri", 1], ["electricity", 4]]);
    expect(changedGenerations(prev, [p("gri", 2), p("electricity", 4), p("waste", 1)])).toEqual(["gri", "waste"]);
  });

  it("holds the mark for a while after the reload, then lets it go", () => {
    const { result, rerender } = renderHook(({ list, at }) => useReloaded(list, at, 10_000), { initialProps: { list: [p("gri", 1), p("waste", 1)], at: 0 } });
    expect([...result.current]).toEqual([]);
    rerender({ list: [p("gri", 2), p("waste", 1)], at: 2_000 });
    expect([...result.current]).toEqual(["gri"]);
    rerender({ list: [p("gri", 2), p("waste", 1)], at: 4_000 });
    expect([...result.current]).toEqual(["gri"]);
    rerender({ list: [p("gri", 2), p("waste", 1)], at: 12_000 });
    expect([...result.current]).toEqual([]);
  });

  it("the live table polls and highlights the row a reload changed", async () => {
    let gen = 1;
    const calls = serve(() => json([p("gri", gen, "framework"), p("electricity", 3)]));
    renderWithQuery(<PluginsCard />);
    const row = async (name: string) => (await screen.findByRole("rowheader", { name: new RegExp(`^${name}`) })).closest("tr")!;
    expect(await row("gri")).not.toHaveAttribute("data-reloaded");
    expect((await row("gri")).textContent).toContain("framework");
    gen = 2;
    await waitFor(async () => expect(await row("gri")).toHaveAttribute("data-reloaded", "true"), { timeout: 4000 });
    expect(await row("electricity")).not.toHaveAttribute("data-reloaded");
    expect(await row("gri")).toHaveTextContent("reloaded");
    expect(screen.getByText("gri reloaded: generation 2.")).toBeInTheDocument();
    expect(calls.length).toBeGreaterThanOrEqual(2);
  });
});
