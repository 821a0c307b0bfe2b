<?php

namespace App\Http\Controllers;

use Illuminate\Http\Request;
use Illuminate\Support\Facades\DB;

class OrderController extends Controller
{
    public function index(Request $request)
    {
        // ruleid: sql-injection
        return DB::select("SELECT * FROM orders ORDER BY " . $request->input('sort'));
    }

    public function destroy($id)
    {
        // ok: sql-injection
        DB::delete('DELETE FROM orders WHERE id = ?', [$id]);
    }
}
