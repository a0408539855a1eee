import { useId, type ChangeEvent } from "react";

// The CSV file input, labelled; the file is read in the browser.

export function FilePicker({ onFile, disabled }: { onFile: (f: File) => void; disabled?: boolean }) {
  const id = useId();
  const change = (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    if (f) onFile(f);
    e.target.value = "";
  };
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        CSV file
      </label>
      <input
        id={id}
        type="file"
        accept=".csv,text/csv"
        disabled={disabled}
        onChange={change}
        className="mt-1 block text-sm text-slate-900 file:mr-3 file:rounded file:border file:border-slate-400 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-700"
      />
    </div>
  );
}
