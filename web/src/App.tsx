// The web studio: sign in, then the pages of a persona studio, over the studio API.
import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router";
import { useMe } from "./api/session";
import { Dashboard } from "./pages/Dashboard";
import { SignIn } from "./pages/SignIn";
import { Layout } from "./ui/layout";
import { ErrorState, Loading } from "./ui/states";
import { usePageTitle } from "./ui/title";

// Pages load when first opened (the sign-in and the dashboard come with the app).
const CaptionsPage = lazy(() => import("./pages/CaptionsPage").then((m) => ({ default: m.CaptionsPage })));
const CostsPage = lazy(() => import("./pages/CostsPage").then((m) => ({ default: m.CostsPage })));
const DatasetPage = lazy(() => import("./pages/DatasetPage").then((m) => ({ default: m.DatasetPage })));
const DatasetsPage = lazy(() => import("./pages/DatasetsPage").then((m) => ({ default: m.DatasetsPage })));
const JobPage = lazy(() => import("./pages/JobPage").then((m) => ({ default: m.JobPage })));
const KeysPage = lazy(() => import("./pages/KeysPage").then((m) => ({ default: m.KeysPage })));
const LoraPage = lazy(() => import("./pages/LoraPage").then((m) => ({ default: m.LoraPage })));
const LorasPage = lazy(() => import("./pages/LorasPage").then((m) => ({ default: m.LorasPage })));
const ModelPage = lazy(() => import("./pages/ModelPage").then((m) => ({ default: m.ModelPage })));
const QueuePage = lazy(() => import("./pages/QueuePage").then((m) => ({ default: m.QueuePage })));
const ResultsPage = lazy(() => import("./pages/ResultsPage").then((m) => ({ default: m.ResultsPage })));
const TrainingPage = lazy(() => import("./pages/TrainingPage").then((m) => ({ default: m.TrainingPage })));

export function App() {
  const me = useMe();
  if (me.isPending) return <Loading what="the studio" />;
  if (me.isError) return <ErrorState error={new Error(`The studio cannot be reached: ${me.error.message}`)} retry={() => void me.refetch()} />;
  if (me.data === null) return <SignIn />;
  return (
    <Layout user={me.data.name}>
      <Suspense fallback={<Loading what="the page" />}>
        <Routes>
          <Route path="/" element={<Dashboard />} />
          <Route path="/models/:name" element={<ModelPage />} />
          <Route path="/models/:name/results" element={<ResultsPage />} />
          <Route path="/models/:name/datasets" element={<DatasetsPage />} />
          <Route path="/models/:name/datasets/:version" element={<DatasetPage />} />
          <Route path="/models/:name/datasets/:version/captions" element={<CaptionsPage />} />
          <Route path="/models/:name/training" element={<TrainingPage />} />
          <Route path="/models/:name/loras" element={<LorasPage />} />
          <Route path="/models/:name/loras/:version" element={<LoraPage />} />
          <Route path="/queue" element={<QueuePage />} />
          <Route path="/jobs/:id" element={<JobPage />} />
          <Route path="/costs" element={<CostsPage />} />
          <Route path="/keys" element={<KeysPage />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </Layout>
  );
}

function NotFound() {
  usePageTitle("Not found");
  return (
    <>
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p>This page does not exist. The Models page lists your personas.</p>
    </>
  );
}
