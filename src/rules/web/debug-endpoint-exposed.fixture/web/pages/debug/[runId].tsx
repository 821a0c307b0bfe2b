import { useEffect } from 'react';
import { useRouter } from 'next/router';

// A client page: the server hands out the app shell, the data comes from API routes later.
function RunRedirect() {
  const { isReady, query, replace } = useRouter();
  useEffect(() => {
    if (isReady) replace(`/runs?id=${String(query.runId ?? '')}`);
  }, [isReady, query.runId, replace]);
  return <p>Opening the run...</p>;
}

// ok: debug-endpoint-exposed
export default RunRedirect;
