import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n';
import { $api, type DirectoryEntry } from './client';

/** Page size asked of the API (its maximum is 1000). */
export const DIRECTORY_PAGE_SIZE = 200;
/** Stop following cursors after this many pages, in case a server keeps answering `next`. */
const MAX_PAGES = 100;

export interface DirectoryResult {
  items: DirectoryEntry[];
  /** True until every page has arrived. */
  loading: boolean;
  error: unknown;
  retry: () => void;
}

/** The whole public tenant directory: follows `next` cursors until the last page. */
export function useDirectory(): DirectoryResult {
  useTranslation(); // re-render (and so re-key the query) when the language changes
  const language = currentLanguage();

  const query = $api.useInfiniteQuery(
    'get',
    '/api/v1/tenants',
    {
      params: { query: { limit: DIRECTORY_PAGE_SIZE } },
      // Part of the query key: error titles are localised, so a language switch refetches.
      headers: { 'Accept-Language': language },
    },
    {
      pageParamName: 'cursor',
      initialPageParam: null,
      getNextPageParam: (lastPage, allPages) =>
        lastPage.next && allPages.length < MAX_PAGES ? lastPage.next : undefined,
      placeholderData: keepPreviousData,
    },
  );

  const { hasNextPage, isFetchingNextPage, isError, fetchNextPage, data, error, refetch } = query;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isError) {
      void fetchNextPage();
    }
  }, [hasNextPage, isFetchingNextPage, isError, fetchNextPage]);

  const items = useMemo(() => data?.pages.flatMap((page) => page.items) ?? [], [data]);

  return {
    items,
    loading: !isError && (query.isPending || hasNextPage),
    error: isError ? error : undefined,
    retry: () => void refetch(),
  };
}
