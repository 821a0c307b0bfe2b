// ruleid: missing-security-headers
export default function CatalogPage() {
  return <main>Catalog</main>;
}
