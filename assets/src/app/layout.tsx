import { useEffect } from "react";
import { NavLink, Outlet, useNavigate } from "react-router-dom";
import { useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { hasRole, useSession } from "@/lib/use-session";
import { useDraftSync } from "@/lib/use-drafts";
import { useYear } from "@/lib/use-year";
import { getSession, setSession } from "@/lib/session";
import { logout } from "@/features/auth/api/logout";
import { useMe } from "@/features/auth/api/me";

const NAV = [
  { to: "/", label: "Overview" },
  { to: "/activities", label: "Activities" },
  { to: "/imports", label: "Import" },
  { to: "/frameworks", label: "Frameworks" },
  { to: "/targets", label: "Targets" },
  { to: "/reports", label: "Reports" },
];

export function Layout() {
  const s = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [year, setYear] = useYear();
  useDraftSync();
  // The server's word on who is signed in; a refused token expires the session.
  const me = useMe();
  useEffect(() => {
    const cur = getSession();
    if (me.data && cur && (cur.user.role !== me.data.user.role || cur.user.name !== me.data.user.name))
      setSession({ ...cur, user: me.data.user, company: me.data.company });
  }, [me.data]);
  const nav = hasRole(s, "admin") ? [...NAV, { to: "/admin", label: "Admin" }] : NAV;
  const thisYear = new Date().getFullYear();

  const signOut = async () => {
    await logout();
    qc.clear();
    navigate("/sign-in", { replace: true });
  };

  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
        Skip to content
      </a>
      <header className="border-b border-slate-300 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-2">
          <span className="font-semibold text-emerald-800">Carbon Depict</span>
          <nav aria-label="Main" className="flex flex-wrap gap-1">
            {nav.map((n) => (
              <NavLink
                key={n.to}
                to={{ pathname: n.to, search: `?year=${year}` }}
                end={n.to === "/"}
                className={({ isActive }) => `rounded px-2 py-1 text-sm ${isActive ? "bg-emerald-100 font-semibold text-emerald-950" : "text-slate-800 hover:bg-slate-100"}`}
              >
                {n.label}
              </NavLink>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <label className="flex items-center gap-1">
              <span>Year</span>
              <select className="rounded border border-slate-500 px-1 py-0.5" value={year} onChange={(e) => setYear(Number(e.target.value))}>
                {Array.from({ length: 8 }, (_, i) => thisYear - i).map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </select>
            </label>
            <span className="text-slate-700">
              {s?.user.name} · {s?.company.name} · <span data-testid="role">{s?.user.role}</span>
            </span>
            <Button variant="secondary" onClick={signOut}>
              Sign out
            </Button>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl p-4">
        <Outlet />
      </main>
    </div>
  );
}
