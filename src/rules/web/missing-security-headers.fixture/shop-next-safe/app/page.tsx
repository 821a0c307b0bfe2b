// ok: missing-security-headers
export default function HomePage() {
  return <main>Home</main>;
}
