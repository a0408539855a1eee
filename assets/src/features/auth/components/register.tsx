import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import { Button } from "@/components/ui/button";
import { TextField, FormError } from "@/components/ui/field";
import { useFormErrors } from "@/lib/use-form-errors";
import { register, type RegisterInput } from "@/features/auth/api/register";
import { AuthFrame } from "@/features/auth/components/auth-frame";

const FIELDS = ["company_name", "name", "email", "password"] as const;

// What the host checks (docs/security.md), checked here first.
function check(v: RegisterInput): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.company_name.trim()) e.company_name = "Enter your company's name";
  if (!v.name.trim()) e.name = "Enter your name";
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v.email)) e.email = "Enter a valid e-mail address";
  if (v.password.length < 12) e.password = "Use at least 12 characters";
  return e;
}

export function Register() {
  const [v, setV] = useState<RegisterInput>({ company_name: "", name: "", email: "", password: "" });
  const [busy, setBusy] = useState(false);
  const { errors, setErrors, fromServer } = useFormErrors();
  const navigate = useNavigate();
  const set = (k: keyof RegisterInput) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = check(v);
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await register(v);
      navigate("/", { replace: true });
    } catch (err) {
      fromServer(err, [...FIELDS]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title="Register your company">
      <form onSubmit={submit} noValidate className="space-y-3">
        <TextField label="Company name" value={v.company_name} onChange={set("company_name")} error={errors.company_name} />
        <TextField label="Your name" autoComplete="name" value={v.name} onChange={set("name")} error={errors.name} />
        <TextField label="E-mail" type="email" autoComplete="email" value={v.email} onChange={set("email")} error={errors.email} />
        <TextField label="Password" type="password" autoComplete="new-password" value={v.password} onChange={set("password")} error={errors.password} hint="At least 12 characters" />
        <FormError message={errors._form} />
        <Button type="submit" disabled={busy} className="w-full">
          {busy ? "Registering…" : "Register"}
        </Button>
      </form>
      <p className="mt-4 text-sm">
        Already registered?{" "}
        <Link className="font-medium text-emerald-800 underline" to="/sign-in">
          Sign in
        </Link>
      </p>
    </AuthFrame>
  );
}
