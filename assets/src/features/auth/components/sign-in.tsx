import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { Button } from "@/components/ui/button";
import { TextField, FormError } from "@/components/ui/field";
import { sessionExpired } from "@/lib/session";
import { useFormErrors } from "@/lib/use-form-errors";
import { login } from "@/features/auth/api/login";
import { AuthFrame } from "@/features/auth/components/auth-frame";

export function SignIn() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const { errors, setErrors, fromServer } = useFormErrors();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = params.get("next") ?? "/";

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) found.email = "Enter the e-mail address you registered with";
    if (!password) found.password = "Enter your password";
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await login(email, password);
      navigate(next.startsWith("/") ? next : "/", { replace: true });
    } catch (err) {
      fromServer(err, ["email", "password"]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title="Sign in">
      {sessionExpired() && (
        <p role="status" className="mb-3 rounded bg-amber-100 p-2 text-sm text-amber-950">
          Your session expired. Sign in again to go back where you were.
        </p>
      )}
      <form onSubmit={submit} noValidate className="space-y-3">
        <TextField label="E-mail" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} />
        <TextField label="Password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password} />
        <FormError message={errors._form} />
        <Button type="submit" disabled={busy} className="w-full">
          {busy ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      <p className="mt-4 text-sm">
        New here?{" "}
        <Link className="font-medium text-emerald-800 underline" to="/register">
          Register your company
        </Link>
      </p>
    </AuthFrame>
  );
}
